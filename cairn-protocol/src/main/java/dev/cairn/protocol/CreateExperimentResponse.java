package dev.cairn.protocol;

public record CreateExperimentResponse(String experimentId) {}
