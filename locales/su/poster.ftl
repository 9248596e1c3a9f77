# Tumbu sareng poster (`cekbae link`, `cekbae poster`), Kacamatan Leuwiliang.
# Translators: keep every { $variable } as it is. The poster wraps long lines by itself;
# write a line break only where one must be.

## The text a WhatsApp link puts in the resident's message box (adminduk-greeting's format).

poster-link-text = KTP <NIK> BARU

## The poster, top to bottom ($office: the office's name from catalog.toml)

poster-service = CEK BAE WA
poster-service-long = Cek Berkas Lewat WhatsApp
poster-tagline = Palayanan administrasi kependudukan { $office }
poster-desa = Kanggo warga Désa { $desa }
poster-what = Mangga taroskeun berkas anu kedah dicandak kanggo KTP-el, Kartu Kulawarga, akta kalahiran, akta pupus, surat pindah sareng KIA, teras candak jadwal sumping ka kantor kacamatan. Teu kedah bulak-balik deui margi aya berkas anu kirang.
poster-scan-whatsapp = Mangga pindai kode QR ku kaméra HP, atanapi kintunkeun seratan WhatsApp ka:
poster-scan-telegram = Mangga pindai kode QR ku kaméra HP, atanapi milarian di Telegram:
poster-hours = Palayanan di kantor kacamatan: Senén–Jumaah, { $opens }–{ $closes } WIB, iwal dinten libur. Seratan tiasa dikintunkeun iraha waé.
poster-examples = Conto seratan:
poster-example-1 = KTP 3201xxxxxxxxxxxx ICAL
poster-example-2 = Badé ngadamel KK anyar
poster-example-3 = Akte kalahiran putra abdi
poster-footer = Gratis, teu dipungut biaya. Data Bapa/Ibu dijagi (UU 27/2022).
