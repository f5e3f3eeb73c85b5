package dev.keepword.console;

final class ArchProbeViolation {
    dev.keepword.store.Database database;
}
