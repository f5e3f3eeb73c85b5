package dev.keepword.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;

/** Opens the database named by a JDBC URL (or an H2 file path), migrates it, and closes it on {@link #close()}. */
public final class Database implements AutoCloseable {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/keepword";

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final String url;

    /** Two connections for transactions of their own ({@link Jdbc#inTransactionOfItsOwn}), opened when first needed. */
    private HikariDataSource own;

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource, this::own);
        this.url = url;
    }

    /** Opens and migrates. {@code urlOrPath} is a JDBC URL, or a file path for an H2 database. */
    public static Database open(String urlOrPath, String user, String password) {
        String url = jdbcUrl(urlOrPath);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("keepword");
        if (url.startsWith("jdbc:postgresql:")) {
            // A JDBC batch of inserts (a dispatch batch's next steps and history lines) goes as multi-row inserts, not one
            // statement per row. Nothing in Keepword reads a batch's update counts.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            // Plain Flyway has no {vendor} placeholder (that is Spring Boot's): name the folder ourselves.
            String vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
            Flyway.configure().dataSource(ds)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, url);
    }

    public static Database open(String urlOrPath) {
        return open(urlOrPath, null, null);
    }

    static String jdbcUrl(String urlOrPath) {
        if (urlOrPath == null || urlOrPath.isBlank()) {
            return durable(DEFAULT_URL);
        }
        if (urlOrPath.startsWith("jdbc:")) {
            return durable(urlOrPath);
        }
        String path = Path.of(urlOrPath).toAbsolutePath().normalize().toString();
        return durable("jdbc:h2:file:" + (path.endsWith(".mv.db") ? path.substring(0, path.length() - 6) : path));
    }

    /**
     * An H2 file database writes commits to disk up to 500 ms late by default, so a process killed in that window
     * forgets what it committed (a nudge recorded as sent would go out again). Keepword asks for every commit to
     * be written at once, unless the URL says otherwise.
     */
    static String durable(String url) {
        boolean h2File = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String durable = h2File && !upper.contains("WRITE_DELAY") ? url + ";WRITE_DELAY=0" : url;
        // H2's own JVM shutdown hook would close the database while Keepword's hook is still finishing the inbox and
        // stopping Quartz ("Database is already closed"); Keepword closes it itself, last.
        return url.startsWith("jdbc:h2:") && !upper.contains("DB_CLOSE_ON_EXIT") ? durable + ";DB_CLOSE_ON_EXIT=FALSE" : durable;
    }

    /**
     * Whether the database answers a trivial query within two seconds (the readiness check); never throws, and never
     * waits longer, even while the pool waits its full connection timeout (30 s) for a database that is down: the probe
     * runs on a thread of its own, at most one at a time, and a check that finds one still running waits for that one.
     * Migrations ran when it was opened.
     */
    public boolean reachable() {
        java.util.concurrent.CompletableFuture<Boolean> p;
        synchronized (this) {
            if (probe == null || probe.isDone()) {
                probe = java.util.concurrent.CompletableFuture.supplyAsync(this::answers, PROBES);
            }
            p = probe;
        }
        try {
            return p.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean answers() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    private java.util.concurrent.CompletableFuture<Boolean> probe;

    /** Readiness probes; daemon threads, never interrupted (STACK.md trap 12). */
    private static final java.util.concurrent.ExecutorService PROBES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "keepword-db-probe");
        t.setDaemon(true);
        return t;
    });

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public String url() {
        return url;
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * The pool for short transactions taken while another is under way on the same thread (a command's number): apart
     * from the main pool, so callers holding its connections never wait on each other for a second one.
     */
    private synchronized javax.sql.DataSource own() {
        if (own == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(dataSource.getJdbcUrl());
            config.setUsername(dataSource.getUsername());
            config.setPassword(dataSource.getPassword());
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            config.setPoolName("keepword-own");
            own = new HikariDataSource(config);
        }
        return own;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (own != null) {
                own.close();
            }
        }
        dataSource.close();
    }
}
