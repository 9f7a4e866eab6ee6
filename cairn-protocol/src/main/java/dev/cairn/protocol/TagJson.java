package dev.cairn.protocol;

import dev.cairn.core.model.Tag;
import java.util.List;

/** RunTag, ExperimentTag and InputTag: {@code {key, value}}. */
public record TagJson(String key, String value) {
    public static TagJson from(Tag tag) {
        return new TagJson(tag.key(), tag.value());
    }

    public static List<TagJson> fromAll(List<Tag> tags) {
        return tags.stream().map(TagJson::from).toList();
    }

    /** A tag sent without value means the empty string, as protobuf defaults it. */
    public Tag toModel() {
        return new Tag(key, value == null ? "" : value);
    }

    static List<Tag> toModels(List<TagJson> tags, String parameter) {
        if (tags == null) {
            return List.of();
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null) {
                throw Required.missing(parameter + "[" + i + "]");
            }
            Required.text(tags.get(i).key(), parameter + "[" + i + "].key");
        }
        return tags.stream().map(TagJson::toModel).toList();
    }
}
