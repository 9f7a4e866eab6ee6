package dev.cairn.protocol;

public record GetExperimentResponse(ExperimentJson experiment) {}
