package org.healthpass.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalLifecycleOwner
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.healthpass.core.CounterService
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.UiText
import org.healthpass.presentation.VerifierState
import org.healthpass.presentation.VerifierViewModel
import org.healthpass.presentation.toUiText

/** The counter officer's verifier: pick the service, scan, see ALLOW/DENY, why, name and date of birth. */
@Composable
fun VerifierScreen(passport: HealthPassport) {
    val lifecycle = LocalLifecycleOwner.current
    val scope = rememberCoroutineScope()
    val viewModel = remember { VerifierViewModel(passport) }
    var state by remember { mutableStateOf(viewModel.state) }

    Column(Modifier.fillMaxSize().padding(16.dp)) {
        Row {
            CounterService.entries.forEach { service ->
                val selected = when (val s = state) {
                    is VerifierState.Scanning -> s.service == service
                    is VerifierState.Checked -> s.service == service
                }
                FilterChip(selected, onClick = { viewModel.selectService(service); state = viewModel.state },
                    label = { Text(stringResource(service.toUiText().stringRes())) })
            }
        }
        when (val shown = state) {
            is VerifierState.Scanning -> {
                Text(stringResource(UiText.VERIFIER_HINT.stringRes()))
                CameraPreview(lifecycle) { luma, width, height, stride ->
                    viewModel.onFrame(luma, width, height, stride) // on the camera's analysis thread
                    scope.launch { state = viewModel.state } // state is drawn on the main thread
                }
            }
            is VerifierState.Checked -> Column {
                val result = shown.result
                Row {
                    Icon(result.icon.vector(), contentDescription = null, modifier = Modifier.size(64.dp))
                    Text(stringResource(result.headline.stringRes()), style = MaterialTheme.typography.displaySmall)
                }
                Text(reasonString(result.reasonText, result.advice))
                result.name?.let { Text(stringResource(UiText.HOLDER_NAME.stringRes()) + ": " + it) }
                result.dateOfBirth?.let { Text(stringResource(UiText.DATE_OF_BIRTH.stringRes()) + ": " + it) }
                Button(onClick = { viewModel.dismiss(); state = viewModel.state }) { Text(stringResource(UiText.DISMISS.stringRes())) }
            }
        }
    }
}
