package dev.cairn.protocol;

import dev.cairn.core.model.DatasetInput;
import java.util.List;

/** DatasetInput: input tags (e.g. mlflow.data.context) and the dataset. */
public record DatasetInputJson(List<TagJson> tags, DatasetJson dataset) {
    public static DatasetInputJson from(DatasetInput input) {
        return new DatasetInputJson(TagJson.fromAll(input.tags()), DatasetJson.from(input.dataset()));
    }

    public DatasetInput toModel() {
        return new DatasetInput(tags == null ? List.of() : tags.stream().map(TagJson::toModel).toList(), dataset.toModel());
    }

    static List<DatasetInput> toModels(List<DatasetInputJson> inputs, String parameter) {
        if (inputs == null) {
            return List.of();
        }
        for (int i = 0; i < inputs.size(); i++) {
            String at = parameter + "[" + i + "]";
            DatasetInputJson input = inputs.get(i);
            if (input == null) {
                throw Required.missing(at);
            }
            DatasetJson d = Required.value(input.dataset(), at + ".dataset");
            Required.text(d.name(), at + ".dataset.name");
            Required.text(d.digest(), at + ".dataset.digest");
            Required.text(d.sourceType(), at + ".dataset.source_type");
            Required.text(d.source(), at + ".dataset.source");
            TagJson.toModels(input.tags(), at + ".tags");
        }
        return inputs.stream().map(DatasetInputJson::toModel).toList();
    }
}
