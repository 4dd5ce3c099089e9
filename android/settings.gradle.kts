// The healthpass Android shell: `app` (screens, camera) over `presentation` (plain-Kotlin
// view-models and the generated bindings, tested on the JVM against the real core).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "healthpass"
include(":app", ":presentation")
