package ownership

// streetSuffixes maps common street-suffix spellings to the USPS standard
// abbreviation (Publication 28, appendix C1). Abbreviations map to
// themselves implicitly.
var streetSuffixes = map[string]string{
	"ALLEY": "ALY", "ALLEE": "ALY", "ALLY": "ALY",
	"ANNEX": "ANX", "ANEX": "ANX",
	"ARCADE": "ARC",
	"AVENUE": "AVE", "AV": "AVE", "AVEN": "AVE", "AVENU": "AVE", "AVN": "AVE", "AVNUE": "AVE",
	"BAYOU":     "BYU",
	"BEACH":     "BCH",
	"BEND":      "BND",
	"BLUFF":     "BLF",
	"BOULEVARD": "BLVD", "BOUL": "BLVD", "BOULV": "BLVD",
	"BRANCH": "BR",
	"BRIDGE": "BRG", "BRDGE": "BRG",
	"BROOK":    "BRK",
	"BYPASS":   "BYP",
	"CANYON":   "CYN",
	"CAUSEWAY": "CSWY",
	"CENTER":   "CTR", "CENTRE": "CTR", "CENT": "CTR", "CNTR": "CTR",
	"CIRCLE": "CIR", "CIRC": "CIR", "CRCL": "CIR",
	"CLIFF":  "CLF",
	"CLUB":   "CLB",
	"COMMON": "CMN",
	"CORNER": "COR",
	"COURSE": "CRSE",
	"COURT":  "CT", "CRT": "CT",
	"COVE":     "CV",
	"CREEK":    "CRK",
	"CRESCENT": "CRES", "CRSENT": "CRES",
	"CROSSING": "XING", "CRSSNG": "XING",
	"DALE":  "DL",
	"DRIVE": "DR", "DRIV": "DR", "DRV": "DR",
	"ESTATE":     "EST",
	"ESTATES":    "ESTS",
	"EXPRESSWAY": "EXPY", "EXPRESS": "EXPY", "EXPW": "EXPY",
	"EXTENSION": "EXT",
	"FIELD":     "FLD",
	"FIELDS":    "FLDS",
	"FOREST":    "FRST",
	"FORGE":     "FRG",
	"FORK":      "FRK",
	"FREEWAY":   "FWY", "FREEWY": "FWY",
	"GARDEN":  "GDN",
	"GARDENS": "GDNS",
	"GATEWAY": "GTWY",
	"GLEN":    "GLN",
	"GREEN":   "GRN",
	"GROVE":   "GRV",
	"HARBOR":  "HBR",
	"HAVEN":   "HVN",
	"HEIGHTS": "HTS", "HT": "HTS",
	"HIGHWAY": "HWY", "HIWAY": "HWY", "HIWY": "HWY",
	"HILL":     "HL",
	"HILLS":    "HLS",
	"HOLLOW":   "HOLW",
	"ISLAND":   "IS",
	"JUNCTION": "JCT",
	"KNOLL":    "KNL",
	"LAKE":     "LK",
	"LAKES":    "LKS",
	"LANDING":  "LNDG",
	"LANE":     "LN",
	"LOOP":     "LOOP",
	"MANOR":    "MNR",
	"MEADOW":   "MDW",
	"MEADOWS":  "MDWS",
	"MILL":     "ML",
	"MOUNT":    "MT",
	"MOUNTAIN": "MTN",
	"ORCHARD":  "ORCH",
	"PARKWAY":  "PKWY", "PARKWY": "PKWY", "PKY": "PKWY",
	"PASSAGE": "PSGE",
	"PIKE":    "PIKE",
	"PINES":   "PNES",
	"PLACE":   "PL",
	"PLAIN":   "PLN",
	"PLAZA":   "PLZ",
	"POINT":   "PT",
	"PORT":    "PRT",
	"PRAIRIE": "PR",
	"RANCH":   "RNCH",
	"RIDGE":   "RDG",
	"RIVER":   "RIV",
	"ROAD":    "RD",
	"ROUTE":   "RTE",
	"SHORE":   "SHR",
	"SHORES":  "SHRS",
	"SPRING":  "SPG",
	"SPRINGS": "SPGS",
	"SQUARE":  "SQ", "SQR": "SQ",
	"STATION": "STA",
	"STREAM":  "STRM",
	"STREET":  "ST", "STR": "ST", "STRT": "ST",
	"SUMMIT":  "SMT",
	"TERRACE": "TER", "TERR": "TER",
	"TRACE": "TRCE",
	"TRACK": "TRAK",
	"TRAIL": "TRL", "TRAILS": "TRL",
	"TURNPIKE": "TPKE",
	"TUNNEL":   "TUNL",
	"VALLEY":   "VLY",
	"VIADUCT":  "VIA",
	"VIEW":     "VW",
	"VILLAGE":  "VLG",
	"VILLE":    "VL",
	"VISTA":    "VIS",
	"WALK":     "WALK",
	"WAY":      "WAY",
	"WELLS":    "WLS",
}

// suffixAbbrevs is the set of standard suffix abbreviations.
var suffixAbbrevs = func() map[string]struct{} {
	m := make(map[string]struct{}, len(streetSuffixes))
	for _, v := range streetSuffixes {
		m[v] = struct{}{}
	}
	return m
}()

// directionals maps spelled-out directions to their abbreviations.
var directionals = map[string]string{
	"NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
	"NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE", "SOUTHWEST": "SW",
}

var directionalAbbrevs = toSet("N", "S", "E", "W", "NE", "NW", "SE", "SW")

// ordinals maps spelled-out street ordinals to figures.
var ordinals = map[string]string{
	"FIRST": "1ST", "SECOND": "2ND", "THIRD": "3RD", "FOURTH": "4TH", "FIFTH": "5TH",
	"SIXTH": "6TH", "SEVENTH": "7TH", "EIGHTH": "8TH", "NINTH": "9TH", "TENTH": "10TH",
	"ELEVENTH": "11TH", "TWELFTH": "12TH",
}

// nameWords are words inside street and city names with a standard short
// form ("SAINT LOUIS" → "ST LOUIS").
var nameWords = map[string]string{
	"SAINT": "ST", "FORT": "FT", "MOUNT": "MT",
}

// unitDesignators maps secondary-unit designators to the USPS abbreviation
// (Publication 28, appendix C2). "#" stands for any designator.
var unitDesignators = map[string]string{
	"APARTMENT": "APT", "APT": "APT", "APPT": "APT",
	"BUILDING": "BLDG", "BLDG": "BLDG", "BLD": "BLDG",
	"DEPARTMENT": "DEPT", "DEPT": "DEPT",
	"FLOOR": "FL", "FL": "FL", "FLR": "FL",
	"HANGAR": "HNGR", "HNGR": "HNGR",
	"LOT":  "LOT",
	"PIER": "PIER",
	"ROOM": "RM", "RM": "RM",
	"SLIP":  "SLIP",
	"SPACE": "SPC", "SPC": "SPC",
	"STOP":  "STOP",
	"SUITE": "STE", "STE": "STE", "SUIT": "STE",
	"TRAILER": "TRLR", "TRLR": "TRLR",
	"UNIT": "UNIT",
	"#":    "#", "NUMBER": "#",
}

// bareDesignators need no identifier ("REAR", "BSMT").
var bareDesignators = map[string]string{
	"BASEMENT": "BSMT", "BSMT": "BSMT",
	"FRONT": "FRNT", "FRNT": "FRNT",
	"LOBBY": "LBBY", "LBBY": "LBBY",
	"LOWER": "LOWR", "LOWR": "LOWR",
	"OFFICE": "OFC", "OFC": "OFC",
	"PENTHOUSE": "PH", "PH": "PH",
	"REAR":  "REAR",
	"UPPER": "UPPR", "UPPR": "UPPR",
}

// usStates maps state and territory names to their USPS codes.
var usStates = map[string]string{
	"ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA",
	"COLORADO": "CO", "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC",
	"FLORIDA": "FL", "GEORGIA": "GA", "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL",
	"INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA",
	"MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN",
	"MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV",
	"NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY",
	"NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK", "OREGON": "OR",
	"PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
	"TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA",
	"WASHINGTON": "WA", "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY",
	"AMERICAN SAMOA": "AS", "GUAM": "GU", "NORTHERN MARIANA ISLANDS": "MP", "PUERTO RICO": "PR",
	"VIRGIN ISLANDS": "VI", "US VIRGIN ISLANDS": "VI",
}

// stateCodes is the set of USPS state, territory and military codes.
var stateCodes = func() map[string]struct{} {
	m := make(map[string]struct{}, len(usStates)+3)
	for _, v := range usStates {
		m[v] = struct{}{}
	}
	for _, v := range []string{"AA", "AE", "AP"} {
		m[v] = struct{}{}
	}
	return m
}()

// usAliases are the spellings of the United States accepted as a country.
var usAliases = map[string]struct{}{
	"US": {}, "USA": {}, "U S": {}, "U S A": {}, "UNITED STATES": {},
	"UNITED STATES OF AMERICA": {},
}
