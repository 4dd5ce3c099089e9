package org.healthpass.presentation

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.Test

/**
 * Every [UiText] has a string in English (res/values) and Bahasa Indonesia (res/values-in), the
 * iOS shell's Localizable.strings (en.lproj, id.lproj) have the same keys, and every key the
 * iOS app and widget sources name is among them.
 */
class StringResourcesTest {
    private val res = File(System.getProperty("healthpass.android.res") ?: "android/app/src/main/res")
    private val iosApp = File(System.getProperty("healthpass.ios.app") ?: "ios/App")

    private fun iosKeys(folder: String): Set<String> =
        File(iosApp, "$folder/Localizable.strings").readLines().mapNotNull { Regex("^\"([a-z0-9_]+)\" = \".+\";$").find(it)?.groupValues?.get(1) }.toSet()

    private fun strings(folder: String): Map<String, String> {
        val document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(File(res, "$folder/strings.xml"))
        val nodes = document.getElementsByTagName("string")
        return (0 until nodes.length).associate { i ->
            val node = nodes.item(i)
            node.attributes.getNamedItem("name").nodeValue to node.textContent
        }
    }

    @Test
    fun everyUiTextIsTranslatedInEnglishAndIndonesian() {
        val keys = UiText.entries.map { it.resourceName }.toSet()
        for (folder in listOf("values", "values-in")) {
            val strings = strings(folder)
            assertEquals(emptySet(), keys - strings.keys, "missing in $folder")
            assertTrue(strings.values.none { it.isBlank() }, "blank string in $folder")
        }
    }

    @Test
    fun bothLanguagesHaveTheSameKeysAndPlaceholders() {
        val english = strings("values")
        val indonesian = strings("values-in")
        assertEquals(english.keys, indonesian.keys)
        val placeholder = Regex("%\\d+\\$[sd]")
        for ((key, text) in english) {
            assertEquals(placeholder.findAll(text).map { it.value }.toSet(), placeholder.findAll(indonesian.getValue(key)).map { it.value }.toSet(), key)
        }
    }

    @Test
    fun iosHasTheSameKeysInBothLanguages() {
        val android = strings("values").keys
        assertEquals(android, iosKeys("en.lproj"), "ios/App/en.lproj")
        assertEquals(android, iosKeys("id.lproj"), "ios/App/id.lproj")
    }

    @Test
    fun everyKeyTheIosSourcesNameIsTranslated() {
        val named = Regex("(?:Text|TextField|Button|Picker|Section|navigationTitle|configurationDisplayName)\\(\"([a-z0-9_]+)\"")
        val sources = listOf(iosApp, File(iosApp.parentFile, "Widget")).flatMap { it.listFiles { f -> f.extension == "swift" }.orEmpty().toList() }
        val used = sources.flatMap { file -> named.findAll(file.readText()).map { it.groupValues[1] }.toList() }.toSet()
        assertTrue("status_empty_short" in used && "alerts_title" in used && "follow_up_phone" in used, "the scan found the keys: $used")
        assertEquals(emptySet(), used - iosKeys("en.lproj"), "ios/App/en.lproj")
        assertEquals(emptySet(), used - iosKeys("id.lproj"), "ios/App/id.lproj")
    }
}
