package dev.cairn.protocol;

import dev.cairn.core.model.Dataset;

/** Dataset: {@code {name, digest, source_type, source, schema, profile}}. */
public record DatasetJson(String name, String digest, String sourceType, String source, String schema, String profile) {
    public static DatasetJson from(Dataset d) {
        return new DatasetJson(d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile());
    }

    public Dataset toModel() {
        return new Dataset(name, digest, sourceType, source, schema, profile);
    }
}
