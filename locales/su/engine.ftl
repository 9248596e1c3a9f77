# Messages of the generic engine (cekbae-bot), shared by every dialogue.

engine-session-expired = Paguneman sateuacanna parantos lami teu dilajengkeun, janten urang mimitian deui ti awal. Tiket anu parantos dicandak ku Bapa/Ibu tetep lumaku.
engine-session-reset = Hapunten, sistem nembé diénggalkeun, janten paguneman urang dimimitian deui ti awal. Tiket anu parantos dicandak ku Bapa/Ibu tetep lumaku.
engine-language-menu = Mangga pilih basa:
# Shown as the option for this language, in this language.
engine-language-self = Basa Sunda
engine-language-switched = Mangga, urang lajengkeun nganggo Basa Sunda.
engine-language-detected = Abdi ngawaler nganggo Basa Sunda. Upami hoyong basa sanés, serat *bahasa*.
engine-no-previous-step = Teu aya léngkah sateuacanna.
engine-human-unavailable = Hapunten, ayeuna teu acan aya petugas anu tiasa dihubungi ngalangkungan paguneman ieu.
engine-apology = Hapunten, aya gangguan nalika ngolah pesen Bapa/Ibu. Mangga cobian deui, atanapi ketik *menu* kanggo ngamimitian deui ti awal.
# The button that opens a list of options (WhatsApp: at most 20 characters).
engine-choose = Pilih
engine-non-text = Hapunten, abdi ngan ukur tiasa maos seratan. Mangga serat pesen Bapa/Ibu, contona *KTP ical*, atanapi serat *menu*.
