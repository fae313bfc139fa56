package io.tether.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tether.eventing.BatchedWrites;
import io.tether.eventing.CheckedAggregateCache;
import io.tether.eventing.EventStorePositions;
import io.tether.eventing.EventingModule;
import io.tether.eventing.ReadYourWrites;
import io.tether.eventing.SendsNoMessages;
import io.tether.infrastructure.RandomBytes;
import java.security.SecureRandom;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * The module boundaries of the design: the sides meet only through shared-api, which stays free of
 * Spring and persistence, and only the all-in-one app knows both sides. A rule whose {@code that()}
 * matches no class fails (ArchUnit's default), so a package that is renamed or missing from the
 * classpath cannot make a rule pass by checking nothing.
 */
@AnalyzeClasses(packages = "io.tether", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule commandSide_doesNotDependOnTheQuerySide = noClasses()
            .that().resideInAPackage("io.tether.command..")
            .should().dependOnClassesThat().resideInAPackage("io.tether.query..")
            .because("the sides meet only through the events and queries of shared-api, "
                    + "so each can run, scale and change on its own");

    @ArchTest
    static final ArchRule querySide_doesNotDependOnTheCommandSide = noClasses()
            .that().resideInAPackage("io.tether.query..")
            .should().dependOnClassesThat().resideInAPackage("io.tether.command..")
            .because("read models are built from events alone, and the query side runs without the command side");

    @ArchTest
    static final ArchRule sharedApi_dependsOnNoSpring = noClasses()
            .that().resideInAPackage("io.tether.api..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the contract is plain records that any client of the messages can use without Spring");

    @ArchTest
    static final ArchRule sharedApi_dependsOnNoPersistence = noClasses()
            .that().resideInAPackage("io.tether.api..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..")
            .because("events and views are the public contract; how a side stores them is its own business");

    @ArchTest
    static final ArchRule sharedApi_dependsOnNothingElseOfTether = noClasses()
            .that().resideInAPackage("io.tether.api..")
            .should().dependOnClassesThat(resideInAPackage("io.tether..").and(not(resideInAPackage("io.tether.api.."))))
            .because("every other module depends on the contract, so the contract depends on none of them");

    @ArchTest
    static final ArchRule infrastructure_dependsOnNeitherSide = noClasses()
            .that().resideInAPackage("io.tether.infrastructure..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tether.command..", "io.tether.query..")
            .because("both sides run on the infrastructure, each on its own in the split deployment");

    @ArchTest
    static final ArchRule nothingButTheApp_dependsOnTheApp = noClasses()
            .that().resideOutsideOfPackage("io.tether.app..")
            .should().dependOnClassesThat().resideInAPackage("io.tether.app..")
            .because("the all-in-one app only assembles the modules, which also run without it");

    /**
     * What an Axon upgrade may change without notice: the pooled processor's coordinator and work
     * packages, the event stream's {@code BlockingStream}, casts to the processors' implementation,
     * the storage engine, embedded store and token store as built by hand, and reflection.
     */
    private static final DescribedPredicate<JavaClass> AXON_INTERNALS = resideInAnyPackage(
            "org.axonframework.eventhandling.pooled..",
            "org.axonframework.common.stream..",
            "org.axonframework.eventhandling.tokenstore.jdbc..",
            "org.axonframework.eventsourcing.eventstore.jdbc..",
            "java.lang.reflect..")
            .or(type(AbstractEventProcessor.class))
            .or(type(EventHandlerInvoker.class))
            .or(type(EmbeddedEventStore.class))
            .or(type(EventStorageEngine.class))
            .as("are Axon Framework's internals or reflection");

    @ArchTest
    static final ArchRule onlyTheEventingModule_reachesIntoAxonsInternals = noClasses()
            .that().resideOutsideOfPackage("io.tether.eventing..")
            .should().dependOnClassesThat(AXON_INTERNALS)
            .because("an Axon upgrade breaks such code silently; it lives in one module, pinned by AxonUpgradeCanaryTest");

    @ArchTest
    static final ArchRule theSides_seeOnlyTheEventingModulesInterfaces = noClasses()
            .that().resideInAnyPackage("io.tether.command..", "io.tether.query..")
            .should().dependOnClassesThat(resideInAPackage("io.tether.eventing..")
                    .and(not(type(ReadYourWrites.class).or(type(ReadYourWrites.Consistency.class))
                            .or(type(EventStorePositions.class)).or(type(BatchedWrites.class))
                            .or(type(SendsNoMessages.class)).or(type(EventingModule.class))
                            .or(type(CheckedAggregateCache.class)))))
            .because("the sides use read-your-writes, the appended position, batched read-model writes and the checked"
                    + " aggregate cache, not the machinery");

    @ArchTest
    static final ArchRule randomBytes_comeFromEachThreadsOwnGenerator = noClasses()
            .that().doNotHaveFullyQualifiedName(RandomBytes.class.getName())
            // A subclass calls its constructor without drawing: Ed25519.fromSeed hands the JDK's key generator a
            // fixed seed as its "random source".
            .and().areNotAssignableTo(SecureRandom.class)
            .should().callConstructor(SecureRandom.class)
            .orShould().callMethod(SecureRandom.class, "getInstance", String.class)
            .because("every new SecureRandom() on Linux draws under one lock of the JVM, which a busy node's requests"
                    + " queue behind; RandomBytes gives each thread a generator of its own");
}
