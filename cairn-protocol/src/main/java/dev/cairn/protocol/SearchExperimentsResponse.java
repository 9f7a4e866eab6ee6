package dev.cairn.protocol;

import java.util.List;

public record SearchExperimentsResponse(List<ExperimentJson> experiments, String nextPageToken) {}
