package dev.keepword.app;

final class ArchProbeViolation {
    dev.keepword.Wiring wiring;
}
