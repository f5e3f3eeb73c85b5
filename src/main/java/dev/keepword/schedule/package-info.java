/**
 * The clockwork: Quartz, with its JDBC job store in Keepword's own database, fires the dispatcher tick and
 * housekeeping. Jobs are pre-wired objects handed to Quartz by a job factory; no Quartz type leaves this package.
 */
package dev.keepword.schedule;
