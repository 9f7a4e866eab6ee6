/**
 * Contract suites that every backend runs. A backend subclasses {@link dev.cairn.testkit.TrackingStoreContract},
 * supplies a fresh store, and disables what it truly cannot do with {@code @Disabled("why")} on an overriding
 * nested class, so a gap is visible in every test report rather than silently skipped.
 */
package dev.cairn.testkit;
