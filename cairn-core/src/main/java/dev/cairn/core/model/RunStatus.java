package dev.cairn.core.model;

/** MLflow's run states. Terminal ones set an end time. */
public enum RunStatus {
    RUNNING,
    SCHEDULED,
    FINISHED,
    FAILED,
    KILLED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}
