package org.healthpass.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.core.HealthPassport
import org.healthpass.core.Language
import org.healthpass.presentation.AlertsState
import org.healthpass.presentation.AlertsViewModel
import org.healthpass.presentation.BackgroundNotifications
import org.healthpass.presentation.UiText

/**
 * Exposure alerts matched on this phone, and a button that syncs published warnings. What this
 * screen shows is not notified again ([BackgroundNotifications.alertsSeen]). When the core
 * offers it (an alert, or a red or black status) the citizen may ask the health office to call
 * back: number, optional name and language, nothing else.
 */
@Composable
fun AlertsScreen(passport: HealthPassport, background: BackgroundNotifications) {
    val viewModel = remember {
        AlertsViewModel(passport, BuildConfig.SERVER_URL, BuildConfig.PUBLISHER_KEYS.split(',').filter { it.isNotBlank() })
    }
    var state by remember { mutableStateOf(AlertsState()) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(Unit) { state = withContext(Dispatchers.IO) { viewModel.refresh() } }
    LaunchedEffect(state) { withContext(Dispatchers.IO) { runCatching { background.alertsSeen() } } }

    Column(Modifier.padding(16.dp)) {
        Button(onClick = { scope.launch { state = withContext(Dispatchers.IO) { viewModel.sync() } } }) {
            Text(stringResource(UiText.ALERTS_SYNC.stringRes()))
        }
        if (state.newAlerts > 0) Text(stringResource(UiText.ALERTS_NEW.stringRes()), style = MaterialTheme.typography.titleMedium)
        state.message?.let { Text(stringResource(it.stringRes())) }
        if (state.isEmpty) Text(stringResource(UiText.ALERTS_EMPTY.stringRes()))
        if (state.followUpOffered) {
            FollowUpForm { phone, name, language ->
                scope.launch { state = withContext(Dispatchers.IO) { viewModel.requestFollowUp(phone, name, language) } }
            }
        }
        LazyColumn {
            items(state.rows) { row ->
                Card(Modifier.padding(vertical = 4.dp)) {
                    Column(Modifier.padding(12.dp)) {
                        Text(
                            stringResource(UiText.ALERT_EXPOSURE.stringRes(), row.venueName, row.overlapMinutes.toInt()),
                            style = MaterialTheme.typography.titleMedium,
                        )
                        Text(stringResource(row.advice.stringRes()))
                    }
                }
            }
        }
    }
}

/** The call-back request: number, optional name, the language of the call (default: the phone's). */
@Composable
private fun FollowUpForm(send: (phone: String, name: String, language: Language) -> Unit) {
    val phoneLanguage = if (LocalConfiguration.current.locales[0].language in setOf("id", "in")) Language.INDONESIAN else Language.ENGLISH
    var open by remember { mutableStateOf(false) }
    var phone by remember { mutableStateOf("") }
    var name by remember { mutableStateOf("") }
    var language by remember { mutableStateOf(phoneLanguage) }
    if (!open) {
        Button(onClick = { open = true }) { Text(stringResource(UiText.FOLLOW_UP_ASK.stringRes())) }
        return
    }
    Column(Modifier.padding(vertical = 8.dp)) {
        OutlinedTextField(
            phone, { phone = it },
            label = { Text(stringResource(UiText.FOLLOW_UP_PHONE.stringRes())) },
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Phone),
        )
        OutlinedTextField(name, { name = it }, label = { Text(stringResource(UiText.FOLLOW_UP_NAME.stringRes())) })
        Text(stringResource(UiText.FOLLOW_UP_LANGUAGE.stringRes()))
        Row {
            FilterChip(language == Language.INDONESIAN, { language = Language.INDONESIAN }, label = { Text("Bahasa Indonesia") })
            FilterChip(language == Language.ENGLISH, { language = Language.ENGLISH }, label = { Text("English") })
        }
        Button(onClick = { send(phone, name, language) }) { Text(stringResource(UiText.FOLLOW_UP_SEND.stringRes())) }
    }
}
