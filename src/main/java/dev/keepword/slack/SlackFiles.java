package dev.keepword.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.methods.response.files.FilesCompleteUploadExternalResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import dev.keepword.app.Delivery;
import dev.keepword.app.Installations;
import dev.keepword.app.Target;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Shares a file in Slack with the current upload flow: {@code files.getUploadURLExternal} (name and size), a POST of
 * the bytes to the URL it returns, then {@code files.completeUploadExternal} with the {@code channel_id} to share it
 * in. A person (a DM, or a private answer, which Slack cannot attach files to) gets it in their DM, opened with
 * {@code conversations.open}. Failures are classified as {@link SlackChat} does: Slack's own trouble and the network
 * are worth another try, an error code is not.
 */
final class SlackFiles {
    private static final java.util.Set<String> TRANSIENT = SlackChat.TRANSIENT;

    private final Slack slack;
    private final Installations installations;
    /** One client for every upload: OkHttp clients hold connection pools and threads. */
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();

    SlackFiles(Slack slack, Installations installations) {
        this.slack = slack;
        this.installations = installations;
    }

    Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
        Optional<String> token = installations.botToken(workspaceId);
        if (token.isEmpty()) {
            return new Delivery.Undeliverable("not_installed");
        }
        MethodsClient methods = slack.methods(token.get(), workspaceId);
        try {
            String channel;
            if (target instanceof Target.Channel c) {
                channel = c.channelId();
            } else {
                String user = target instanceof Target.Direct d ? d.userId() : ((Target.Private) target).userId();
                ConversationsOpenResponse open = methods.conversationsOpen(r -> r.users(List.of(user)));
                if (!open.isOk()) {
                    return refused(open);
                }
                channel = open.getChannel().getId();
            }
            FilesGetUploadURLExternalResponse url = methods.filesGetUploadURLExternal(r -> r.filename(filename)
                    .length(content.length));
            if (!url.isOk()) {
                return refused(url);
            }
            Request post = new Request.Builder().url(url.getUploadUrl())
                    .post(RequestBody.create(content, MediaType.get("application/octet-stream"))).build();
            try (Response response = HTTP.newCall(post).execute()) {
                if (!response.isSuccessful()) {
                    return response.code() >= 500 || response.code() == 429
                            ? new Delivery.Retry(Duration.ofSeconds(30), "file upload answered HTTP " + response.code())
                            : new Delivery.Undeliverable("file upload answered HTTP " + response.code());
                }
            }
            FilesCompleteUploadExternalResponse done = methods.filesCompleteUploadExternal(r -> r.channelId(channel)
                    .files(List.of(FilesCompleteUploadExternalRequest.FileDetails.builder().id(url.getFileId())
                            .title(title).build())));
            return done.isOk() ? new Delivery.Sent(url.getFileId()) : refused(done);
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            return status == 429 || status >= 500
                    ? new Delivery.Retry(SlackChat.retryAfter(e.getResponse().header("Retry-After")), "Slack answered HTTP " + status)
                    : new Delivery.Undeliverable("http_" + status);
        } catch (IOException | RuntimeException e) {
            return new Delivery.Retry(Duration.ofSeconds(30), "network: " + e.getClass().getSimpleName());
        }
    }

    private static Delivery refused(SlackApiTextResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        return TRANSIENT.contains(error) ? new Delivery.Retry(Duration.ofSeconds(30), error) : new Delivery.Undeliverable(error);
    }
}
