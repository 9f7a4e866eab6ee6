package dev.cairn.protocol;

import java.util.List;

public record GetMetricHistoryResponse(List<MetricJson> metrics, String nextPageToken) {}
