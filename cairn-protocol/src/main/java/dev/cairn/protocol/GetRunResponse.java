package dev.cairn.protocol;

public record GetRunResponse(RunJson run) {}
