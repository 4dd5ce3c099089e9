package org.healthpass.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.CheckCircle
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Card
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.unit.dp
import java.util.Locale
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.healthpass.core.Advice
import org.healthpass.core.HealthPassport
import org.healthpass.core.StatusColour
import org.healthpass.presentation.StatusCard
import org.healthpass.presentation.StatusIcon
import org.healthpass.presentation.StatusState
import org.healthpass.presentation.StatusViewModel
import org.healthpass.presentation.UiText

/** One card per family member: icon, colour name and meaning, reason. Never the hue alone. */
@Composable
fun StatusScreen(passport: HealthPassport) {
    val viewModel = remember { StatusViewModel(passport) }
    var state by remember { mutableStateOf(StatusState()) }
    LaunchedEffect(Unit) { state = withContext(Dispatchers.IO) { viewModel.refresh() } }

    Column(Modifier.padding(16.dp)) {
        state.message?.let { Text(stringResource(it.stringRes())) }
        if (state.isEmpty) Text(stringResource(UiText.STATUS_EMPTY.stringRes()))
        LazyColumn {
            items(state.cards, key = { it.holder }) { card -> StatusCardView(card) }
        }
    }
}

@Composable
private fun StatusCardView(card: StatusCard) {
    val colourText = stringResource(card.colourText.stringRes())
    Card(Modifier.padding(vertical = 4.dp).semantics { contentDescription = "${card.holder}: $colourText" }) {
        Row(Modifier.padding(12.dp)) {
            Icon(card.icon.vector(), contentDescription = null, tint = card.colour.tint(), modifier = Modifier.size(48.dp))
            Column(Modifier.padding(start = 12.dp)) {
                Text(card.holder, style = MaterialTheme.typography.titleMedium)
                Text(colourText, style = MaterialTheme.typography.titleLarge)
                Text(reasonString(card.reasonText, card.advice))
            }
        }
    }
}

/** The shell's text for a known reason code, else the rule set's advice in the user's language. */
@Composable
fun reasonString(reason: UiText?, advice: Advice?): String = when {
    reason != null -> stringResource(reason.stringRes())
    advice == null -> ""
    Locale.getDefault().language == "in" || Locale.getDefault().language == "id" -> advice.id
    else -> advice.en
}

/** A distinct shape per status, so the card reads without colour vision. */
fun StatusIcon.vector(): ImageVector = when (this) {
    StatusIcon.CHECK -> Icons.Filled.CheckCircle
    StatusIcon.CAUTION -> Icons.Filled.Warning
    StatusIcon.STOP -> Icons.Filled.Close
    StatusIcon.ISOLATE -> Icons.Filled.Home
}

/** The hue, drawn only alongside the icon and the words. */
fun StatusColour.tint(): Color = when (this) {
    StatusColour.GREEN -> Color(0xFF1B873F)
    StatusColour.YELLOW -> Color(0xFFC49A00)
    StatusColour.RED -> Color(0xFFC62828)
    StatusColour.BLACK -> Color(0xFF000000)
}
