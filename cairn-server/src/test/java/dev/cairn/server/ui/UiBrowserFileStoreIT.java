package dev.cairn.server.ui;

/** The browser suite over the directory store (MLflow's mlruns layout). */
class UiBrowserFileStoreIT extends UiBrowserIT {
    @Override
    String store() {
        return "file";
    }
}
