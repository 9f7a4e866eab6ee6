package dev.cairn.protocol;

import dev.cairn.core.model.Metric;
import java.util.List;

/** Metric: {@code {key, value, timestamp, step}}; value may be "NaN", "Infinity" or "-Infinity". */
public record MetricJson(String key, Double value, Long timestamp, Long step) {
    public static MetricJson from(Metric metric) {
        return new MetricJson(metric.key(), metric.value(), metric.timestamp(), metric.step());
    }

    /** Step defaults to 0 as in protobuf. */
    public Metric toModel() {
        return new Metric(key, value, timestamp == null ? 0 : timestamp, step == null ? 0 : step);
    }

    static List<Metric> toModels(List<MetricJson> metrics, String parameter) {
        if (metrics == null) {
            return List.of();
        }
        for (int i = 0; i < metrics.size(); i++) {
            MetricJson m = metrics.get(i);
            if (m == null) {
                throw Required.missing(parameter + "[" + i + "]");
            }
            Required.text(m.key(), parameter + "[" + i + "].key");
            Required.value(m.value(), parameter + "[" + i + "].value");
            Required.value(m.timestamp(), parameter + "[" + i + "].timestamp");
        }
        return metrics.stream().map(MetricJson::toModel).toList();
    }
}
