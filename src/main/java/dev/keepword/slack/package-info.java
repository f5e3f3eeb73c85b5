/**
 * The Slack adapter: a Bolt app (HTTP mode behind Keepword's own signature check, or Socket Mode) that turns slash
 * commands, button clicks, modal submissions and events into use-case calls, and {@link dev.keepword.slack.SlackChat},
 * the one gate every outbound Web API call goes through (rate limits, Retry-After, error classification). In
 * multi-workspace mode Bolt runs the OAuth install ({@code /slack/install}, {@code /slack/oauth_redirect}) and finds each
 * workspace's token through {@link dev.keepword.slack.SlackInstallations}, backed by Keepword's encrypted store.
 */
package dev.keepword.slack;
