package dev.cairn.examples;

import dev.cairn.client.ActiveRun;
import dev.cairn.client.Cairn;
import dev.cairn.client.CairnTracking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a logistic regression by gradient descent on a generated two-feature dataset and logs it with Cairn:
 * hyper-parameters, loss and accuracy per epoch, and the learned weights as an artifact. Runs go where the
 * tracking URI says (the first argument, else MLFLOW_TRACKING_URI, else the default).
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests
 * ./mvnw -B -q -pl examples exec:java -Dexec.args=sqlite:///example.db
 * </pre>
 * (module cairn-examples; its test runs this program against a SQLite and a directory store.)
 */
public final class LogisticRegressionExample {
    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            Cairn.setTrackingUri(args[0]);
        }
        System.out.println("Logging to " + Cairn.trackingUri().uri() + " (" + Cairn.trackingUri().rule().description() + ")");

        int samples = 2_000;
        int epochs = 200;
        double learningRate = 0.1;
        long seed = 42;
        Random random = new Random(seed);
        // two Gaussian blobs: class 1 around (1, 1), class 0 around (-1, -1)
        double[][] x = new double[samples][2];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = i % 2;
            double centre = y[i] == 1 ? 1.0 : -1.0;
            x[i][0] = centre + random.nextGaussian();
            x[i][1] = centre + random.nextGaussian();
        }

        try (CairnTracking tracking = Cairn.tracking()) {
            tracking.run("logistic-regression", run -> train(run, x, y, epochs, learningRate, seed));
        }
    }

    private static void train(ActiveRun run, double[][] x, int[] y, int epochs, double learningRate, long seed)
            throws IOException {
        run.logParam("epochs", epochs).logParam("learning_rate", learningRate).logParam("samples", x.length)
                .logParam("seed", seed).setTag("model", "logistic-regression");
        double w0 = 0;
        double w1 = 0;
        double b = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double g0 = 0;
            double g1 = 0;
            double gb = 0;
            double loss = 0;
            int correct = 0;
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-(w0 * x[i][0] + w1 * x[i][1] + b)));
                double error = p - y[i];
                g0 += error * x[i][0];
                g1 += error * x[i][1];
                gb += error;
                loss -= y[i] == 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
                correct += (p >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
            }
            w0 -= learningRate * g0 / x.length;
            w1 -= learningRate * g1 / x.length;
            b -= learningRate * gb / x.length;
            // queued, not sent: training does not wait for the tracking server
            run.logMetric("loss", loss / x.length, epoch);
            run.logMetric("accuracy", (double) correct / x.length, epoch);
        }
        Path weights = Files.createTempDirectory("cairn-example").resolve("weights.json");
        Files.writeString(weights, String.format(Locale.ROOT, "{\"w0\": %.6f, \"w1\": %.6f, \"b\": %.6f}%n", w0, w1, b));
        run.logArtifact(weights, "model");
        System.out.printf(Locale.ROOT, "Run %s: w0=%.3f w1=%.3f b=%.3f; artifacts at %s%n", run.id(), w0, w1, b, run.artifactUri());
    }
}
