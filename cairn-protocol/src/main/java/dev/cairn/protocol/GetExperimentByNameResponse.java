package dev.cairn.protocol;

public record GetExperimentByNameResponse(ExperimentJson experiment) {}
