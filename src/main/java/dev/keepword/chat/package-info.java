/**
 * What the chat adapters (Slack, Teams) share below them, so neither keeps a copy: the {@link dev.keepword.chat.Inbox}
 * that stores a request and answers it before handling it, the {@link dev.keepword.chat.Outbound} queue that sends what
 * a request caused and tries again as the platform asks, and {@link dev.keepword.chat.Replies}, the answer to the asker
 * among a command's messages. It knows the use cases' ports and nothing of any platform.
 */
package dev.keepword.chat;
