// The Android app: screens and camera only. Native libraries come from cargo-ndk
// (`cargo install cargo-ndk`, Android NDK r26+), built by the `cargoNdk` task below.
plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
}

android {
    namespace = "org.healthpass.app"
    compileSdk = 35
    defaultConfig {
        applicationId = "org.healthpass.app"
        minSdk = 24
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        val keys = (project.findProperty("healthpass.registryKeys") as String?).orEmpty()
        buildConfigField("String", "REGISTRY_PUBLIC_KEYS", "\"$keys\"")
        val roots = (project.findProperty("healthpass.trustRoots") as String?).orEmpty()
        buildConfigField("String", "TRUST_ROOT_KEYS", "\"$roots\"")
        val publishers = (project.findProperty("healthpass.publisherKeys") as String?).orEmpty()
        buildConfigField("String", "PUBLISHER_KEYS", "\"$publishers\"")
        val server = (project.findProperty("healthpass.serverUrl") as String?).orEmpty()
        buildConfigField("String", "SERVER_URL", "\"$server\"")
    }
    buildFeatures {
        compose = true
        buildConfig = true
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
    sourceSets["main"].jniLibs.srcDir(layout.buildDirectory.dir("jniLibs"))
}

val repo = rootDir.parentFile
val cargoNdk by tasks.registering(Exec::class) {
    description = "Cross-compiles libhealthpass.so for the phone ABIs"
    workingDir = repo
    commandLine(
        "cargo", "ndk", "-t", "arm64-v8a", "-t", "armeabi-v7a", "-t", "x86_64",
        "-o", layout.buildDirectory.dir("jniLibs").get().asFile.path,
        "build", "--profile", "phone", "--locked", "-p", "healthpass-bindings",
    )
}
tasks.named("preBuild") { dependsOn(cargoNdk) }

dependencies {
    implementation(project(":presentation"))
    implementation("net.java.dev.jna:jna:5.14.0@aar")
    val camerax = "1.4.1"
    implementation("androidx.camera:camera-camera2:$camerax")
    implementation("androidx.camera:camera-lifecycle:$camerax")
    implementation("androidx.camera:camera-view:$camerax")
    implementation("androidx.activity:activity-compose:1.9.3")
    implementation(platform("androidx.compose:compose-bom:2024.12.01"))
    implementation("androidx.compose.material3:material3")
    implementation("androidx.compose.material:material-icons-core")
    implementation("androidx.compose.ui:ui")
    implementation("androidx.core:core-ktx:1.15.0")
    implementation("androidx.lifecycle:lifecycle-runtime-ktx:2.8.7")
    implementation("androidx.work:work-runtime-ktx:2.10.0")
}
