# Messages of the generic engine (cekbae-bot), shared by every dialogue.

engine-session-expired = Your previous conversation was inactive for a long time, so we are starting again from the beginning. Any ticket you have already taken is still valid.
engine-session-reset = Sorry, the system has been updated, so our conversation starts again from the beginning. Any ticket you have already taken is still valid.
engine-language-menu = Please choose a language:
# Shown as the option for this language, in this language.
engine-language-self = English
engine-language-switched = OK, we will continue in English.
engine-language-detected = We will reply in English. Type *bahasa* to choose another language.
engine-no-previous-step = There is no previous step.
engine-human-unavailable = Sorry, no staff member can be reached through this chat at the moment.
engine-apology = Sorry, something went wrong while processing your message. Please try again, or type *menu* to start over.
# The button that opens a list of options (WhatsApp: at most 20 characters).
engine-choose = Choose
engine-non-text = Sorry, we can only read text messages. Please type your message, for example *KTP lost*, or type *menu*.
