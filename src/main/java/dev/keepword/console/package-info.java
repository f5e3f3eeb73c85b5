/**
 * The console workspace: a real chat adapter that reads chat lines from stdin and prints every outgoing
 * message as one tagged line on stdout, over the same use cases as Slack and Teams.
 */
package dev.keepword.console;
