package dev.keepword;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The dependency rule of ARCHITECTURE.md as a build failure: dependencies point down, the domain is pure Java, the
 * adapters never reach into each other, and only the composition root ({@code Keepword}, {@code Wiring}) knows them.
 */
@AnalyzeClasses(packages = "dev.keepword", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.keepword";
    private static final String DOMAIN = "dev.keepword.domain..";
    private static final String APP = "dev.keepword.app..";
    private static final String[] ADAPTERS = {
            "dev.keepword.store..", "dev.keepword.console..", "dev.keepword.config..", "dev.keepword.schedule..",
            "dev.keepword.slack..", "dev.keepword.teams..", "dev.keepword.web..", "dev.keepword.report.."};

    @ArchTest
    static final ArchRule domainDependsOnlyOnJava = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
            .because("the domain is pure Java: no framework, no I/O library, no logging");

    @ArchTest
    static final ArchRule appDependsOnlyOnJavaDomainAndLogging = classes().that().resideInAPackage(APP)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, APP, "org.slf4j..")
            .because("use cases own their ports and know nothing of Slack, Teams, JDBC or Quartz");

    @ArchTest
    static final ArchRule chatSupportKnowsOnlyTheUseCases = classes().that().resideInAPackage("dev.keepword.chat..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, APP, "dev.keepword.chat..",
                    "org.slf4j..")
            .because("what the chat adapters share sits below them and knows no platform");

    @ArchTest
    static final ArchRule storeKnowsNoOtherAdapter = adapterIsolated("dev.keepword.store..");

    @ArchTest
    static final ArchRule consoleKnowsNoOtherAdapter = adapterIsolated("dev.keepword.console..");

    @ArchTest
    static final ArchRule configKnowsNoOtherAdapter = adapterIsolated("dev.keepword.config..");

    @ArchTest
    static final ArchRule scheduleKnowsNoOtherAdapter = adapterIsolated("dev.keepword.schedule..");

    @ArchTest
    static final ArchRule slackKnowsNoOtherAdapter = adapterIsolated("dev.keepword.slack..");

    @ArchTest
    static final ArchRule teamsKnowsNoOtherAdapter = adapterIsolated("dev.keepword.teams..");

    @ArchTest
    static final ArchRule webKnowsNoOtherAdapter = adapterIsolated("dev.keepword.web..");

    @ArchTest
    static final ArchRule reportKnowsNoOtherAdapter = adapterIsolated("dev.keepword.report..");

    /** Every adapter is reached only from the composition root; the root itself is reached by nobody. */
    @ArchTest
    static final ArchRule onlyTheCompositionRootKnowsTheAdapters = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("root").definedBy(ROOT)
            .layer("app").definedBy(APP)
            .layer("domain").definedBy(DOMAIN)
            .layer("store").definedBy("dev.keepword.store..")
            .layer("console").definedBy("dev.keepword.console..")
            .layer("config").definedBy("dev.keepword.config..")
            .layer("schedule").definedBy("dev.keepword.schedule..")
            .layer("slack").definedBy("dev.keepword.slack..")
            .layer("teams").definedBy("dev.keepword.teams..")
            .layer("web").definedBy("dev.keepword.web..")
            .layer("report").definedBy("dev.keepword.report..")
            .layer("chat").definedBy("dev.keepword.chat..")
            .whereLayer("root").mayNotBeAccessedByAnyLayer()
            .whereLayer("store").mayOnlyBeAccessedByLayers("root")
            .whereLayer("console").mayOnlyBeAccessedByLayers("root")
            .whereLayer("config").mayOnlyBeAccessedByLayers("root")
            .whereLayer("schedule").mayOnlyBeAccessedByLayers("root")
            .whereLayer("slack").mayOnlyBeAccessedByLayers("root")
            .whereLayer("teams").mayOnlyBeAccessedByLayers("root")
            .whereLayer("web").mayOnlyBeAccessedByLayers("root")
            .whereLayer("report").mayOnlyBeAccessedByLayers("root")
            .whereLayer("chat").mayOnlyBeAccessedByLayers("root", "slack", "teams")
            .because("adapters are plugged in at the composition root, dev.keepword (Keepword, Wiring), and nothing "
                    + "reaches back up to it");

    private static ArchRule adapterIsolated(String adapter) {
        String[] others = Arrays.stream(ADAPTERS).filter(a -> !a.equals(adapter)).toArray(String[]::new);
        return noClasses().that().resideInAPackage(adapter)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(true)
                .because("adapters talk to each other only through app's ports, wired in dev.keepword");
    }
}
