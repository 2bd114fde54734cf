"""Countries, for the nationality of a person registered by passport. Pure code.

The codes are ISO 3166-1 alpha-3 (the code printed on a passport's data page), all 249 of
them, written out here rather than taken from a library: pycountry, the well-kept one,
is an 8 MB wheel whose tables are files read at run time (no I/O in the domain), for a
list that last changed in 2011 (South Sudan, SSD). Names are given for the neighbours an
officer in a border county meets (their labels are in the catalog, ``country.CODE``);
any other country shows as its code.
"""

from __future__ import annotations

import unicodedata

from yuesong_cli.domain.text import echo_safe
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import CATALOG, t

ALPHA3 = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES
    BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE
    CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB
    GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND
    IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN
    LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT
    MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU
    RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN
    SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA
    UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """.split()
)
# China itself: a Chinese citizen is registered by resident ID number (or --no-id).
CHINA = "CHN"
# The neighbours of Yunnan and the Mekong countries, nearest first.
NEIGHBOURS = ("MMR", "LAO", "VNM", "THA", "KHM", "IND", "BGD", "NPL", "BTN", "MYS")


def country_name(code: str | None, lang: str) -> str:
    """The country's name in ``lang`` where the catalog has it, else its code."""
    if not code:
        return ""
    key = f"country.{code}"
    return t(key, lang) if key in CATALOG else code


def parse_nationality(text: str) -> str:
    """The alpha-3 code ``text`` names: the code in any case (full-width letters too),
    or a neighbour's name in either language (缅甸, Myanmar)."""
    typed = unicodedata.normalize("NFKC", text).strip()
    code = typed.upper()
    if code not in ALPHA3:
        by_name = {
            name.casefold(): neighbour
            for neighbour in NEIGHBOURS
            for name in CATALOG[f"country.{neighbour}"]
        }
        code = by_name.get(typed.casefold(), code)
    if code == CHINA:
        raise InvalidInput("error.nationality.china")
    if code not in ALPHA3:
        raise InvalidInput("error.nationality.unknown", text=echo_safe(text))
    return code
