package dev.cairn.protocol;

/** GET experiments/get-by-name. */
public record GetExperimentByNameRequest(String experimentName) implements MlflowRequest {
    @Override
    public void validate() {
        Required.text(experimentName, "experiment_name");
    }
}
