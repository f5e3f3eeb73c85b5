package dev.keepword.bench;

import java.util.HashMap;
import java.util.Map;

/** The benchmarks' command lines: {@code --name value} pairs, and {@code --flag} alone meaning true. */
final class BenchArgs {
    private BenchArgs() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            m.put(a.substring(2), flag ? "true" : args[++i]);
        }
        return m;
    }
}
