package dev.cairn.core.search;

/** What a search key names: {@code metrics.x}, {@code params.x}, {@code tags.x}, {@code attributes.x}, {@code datasets.x}. */
public enum EntityKind {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET
}
