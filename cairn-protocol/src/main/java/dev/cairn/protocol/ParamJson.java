package dev.cairn.protocol;

import dev.cairn.core.model.Param;
import java.util.List;

/** Param: {@code {key, value}}. */
public record ParamJson(String key, String value) {
    public static ParamJson from(Param param) {
        return new ParamJson(param.key(), param.value());
    }

    public Param toModel() {
        return new Param(key, value == null ? "" : value);
    }

    static List<Param> toModels(List<ParamJson> params, String parameter) {
        if (params == null) {
            return List.of();
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) {
                throw Required.missing(parameter + "[" + i + "]");
            }
            Required.text(params.get(i).key(), parameter + "[" + i + "].key");
        }
        return params.stream().map(ParamJson::toModel).toList();
    }
}
