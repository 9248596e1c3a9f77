# Links and posters (`cekbae link`, `cekbae poster`), Kecamatan Leuwiliang.
# Translators: keep every { $variable } as it is. The poster wraps long lines by itself.

## The text a WhatsApp link puts in the resident's message box (adminduk-greeting's format).

poster-link-text = KTP <NIK> BARU

## The poster, top to bottom ($office: the office's name from catalog.toml)

poster-service = CEK BAE WA
poster-service-long = Cek Berkas Lewat WhatsApp (check your papers on WhatsApp)
poster-tagline = The civil registration service of { $office }
poster-desa = For residents of Desa { $desa }
poster-what = Ask what to bring for a KTP-el, Kartu Keluarga, birth or death certificate, moving letter or KIA, then pick a day to come to the kecamatan office. No second trip for a missing paper.
poster-scan-whatsapp = Scan the QR code with your phone's camera, or send a WhatsApp message to:
poster-scan-telegram = Scan the QR code with your phone's camera, or find us on Telegram:
poster-hours = Office hours: Monday–Friday, { $opens }–{ $closes } WIB, except public holidays. Messages can be sent at any time.
poster-examples = Example messages:
poster-example-1 = KTP 3201xxxxxxxxxxxx LOST
poster-example-2 = I need a new KK
poster-example-3 = Birth certificate for my child
poster-footer = Free of charge. Your data is protected (UU 27/2022).
