package dev.cairn.protocol;

import java.util.List;

public record GetMetricHistoryBulkIntervalResponse(List<MetricWithRunIdJson> metrics) {}
