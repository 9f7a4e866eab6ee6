package dev.cairn.protocol;

public record CreateRunResponse(RunJson run) {}
