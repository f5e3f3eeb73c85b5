/**
 * The Slack adapter: a Bolt app (HTTP mode behind Keepword's own signature check, or Socket Mode) that turns slash
 * commands, button clicks, modal submissions and events into use-case calls, and {@link dev.keepword.slack.SlackChat},
 * the one gate every outbound Web API call goes through (rate limits, Retry-After, error classification).
 */
package dev.keepword.slack;
