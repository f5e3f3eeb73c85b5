package dev.keepword.config;

import java.util.List;

/** The console's demo workspace as written in {@code config/demo-workspace.yml}. */
public record DemoWorkspace(String workspace, List<Person> people, List<EngagementSpec> engagements) {

    /** A person of the demo: handle (their id), display name, IANA zone, and side (informational). */
    public record Person(String handle, String name, String zone, String side) {
    }

    /** An engagement of the demo, bound to {@code channel}. */
    public record EngagementSpec(String channel, String name, List<String> clients, List<String> consultants,
                                 String escalate, String zone, Integer tier) {
    }
}
