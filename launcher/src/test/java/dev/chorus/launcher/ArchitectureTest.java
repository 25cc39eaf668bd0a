package dev.chorus.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.SubscriptionHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The dependency rules of the layout (docs/architecture.md §1), checked on the classes that make up a node. */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
    .importPackages("dev.chorus");

  @Test
  @DisplayName("the node is made of contexts: each is on the class path")
  void contextsAreImported() {
    assertThat(CLASSES.containPackage("dev.chorus.customers")).isTrue();
  }

  @Test
  @DisplayName("a context depends on the platform and the contracts only, never on another context")
  void contextsAreIndependent() {
    slices().matching("dev.chorus.(*)..")
      .should().notDependOnEachOther()
      .ignoreDependency(alwaysTrue(), resideInAnyPackage("dev.chorus.platform..", "dev.chorus.contracts.."))
      .ignoreDependency(resideInAnyPackage("dev.chorus.launcher.."), alwaysTrue())
      .check(CLASSES);
  }

  @Test
  @DisplayName("domain packages are pure: nothing from Vert.x, SQL or the web")
  void domainIsPure() {
    noClasses().that().resideInAPackage("..domain..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "java.sql..", "dev.chorus.platform.web..",
        "dev.chorus.platform.command..", "dev.chorus.platform.eventstore..")
      .check(CLASSES);
  }

  @Test
  @DisplayName("the published language depends on nothing but the JDK")
  void contractsStandAlone() {
    classes().that().resideInAPackage("dev.chorus.contracts..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.chorus.contracts..", "java..")
      .check(CLASSES);
  }

  @Test
  @DisplayName("the platform knows no context")
  void platformKnowsNoContext() {
    noClasses().that().resideInAPackage("dev.chorus.platform..")
      .should().dependOnClassesThat(resideInAPackage("dev.chorus..").and(not(resideInAPackage("dev.chorus.platform.."))))
      .check(CLASSES);
  }

  @Test
  @DisplayName("a context declares its handlers per event type: none reads a recorded event or makes a command's provenance by hand")
  void handlersAreDeclared() {
    noClasses().that().resideOutsideOfPackage("dev.chorus.platform..")
      .should().implement(SubscriptionHandler.class)
      .orShould().dependOnClassesThat().areAssignableTo(RecordedEvent.class)
      .orShould().callConstructor(CommandContext.class, Optional.class, String.class, UUID.class, Optional.class)
      .check(CLASSES);
  }
}
