package dev.cairn.core.model;

/** Soft-delete state of experiments and runs; rendered lowercase as MLflow does. */
public enum LifecycleStage {
    ACTIVE("active"),
    DELETED("deleted");

    private final String wireName;

    LifecycleStage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static LifecycleStage fromWireName(String name) {
        for (LifecycleStage stage : values()) {
            if (stage.wireName.equalsIgnoreCase(name)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown lifecycle stage: " + name);
    }
}
