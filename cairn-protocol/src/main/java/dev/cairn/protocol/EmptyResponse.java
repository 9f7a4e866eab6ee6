package dev.cairn.protocol;

/** The answer of every write that returns nothing: {@code {}}. */
public record EmptyResponse() {
    public static final EmptyResponse INSTANCE = new EmptyResponse();
}
