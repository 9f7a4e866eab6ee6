package dev.cairn.protocol;

public record UpdateRunResponse(RunInfoJson runInfo) {}
