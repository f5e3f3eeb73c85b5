/**
 * Keepword's own small HTTP server (Jetty 11): health, and the endpoints chat adapters hand to it (Slack's
 * {@code /slack/events}, later Teams' {@code /api/messages}). It knows no adapter; the composition root mounts them.
 */
package dev.keepword.web;
