package dev.cairn.protocol;

import java.util.List;

public record SearchRunsResponse(List<RunJson> runs, String nextPageToken) {}
