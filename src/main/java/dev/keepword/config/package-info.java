/**
 * Configuration: environment variables and {@code .env} ({@link dev.keepword.config.Settings}), and the YAML files
 * in {@code config/} (the default agreement, the console's demo workspace), bound to records.
 */
package dev.keepword.config;
