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
# A petugas's reply, delivered in the resident's conversation.
engine-petugas-says = *Staff:* { $text }
engine-handover-waiting = We have passed your message on; please wait for a staff member to reply. Type *menu* to go back to the automatic service.
engine-handover-ended = The conversation with the staff member has ended. CEK BAE WA is serving you again.
engine-forget-confirm = You asked for your data to be deleted. Your conversation, NIK and appointments will be deleted (appointments you have not yet attended will be cancelled too). Continue?
engine-forget-done = Your data has been deleted: conversation, NIK and appointments. We keep only anonymous statistics (number of users, types of service and survey results).
engine-forget-failed = Sorry, your data could not be deleted because of a system problem. Nothing was deleted. Please try again later by typing *hapus data saya*, or contact an officer.
engine-forget-kept = All right, your data has not been deleted.
engine-option-yes = Yes
engine-option-no = No
engine-slow-down = You are sending messages very quickly. Please wait a moment, then try again.
# A value as it is (a template parameter).
engine-text = { $text }
# In a Telegram group: the flow runs only in a private chat.
engine-group-private = To arrange civil-registration documents, please chat with us privately so your NIK stays out of sight: { $link }
