/**
 * JDBC storage on H2 (the default, a file under {@code ./data}) or PostgreSQL, with Flyway migrations. SQL is
 * kept visible as text; one store class per aggregate implements the app's port.
 */
package dev.keepword.store;
