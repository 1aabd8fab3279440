package ownership

// nicknameGroups lists formal given names with their common short forms.
// Two given names are treated as the same person's name when they appear
// in the same group (a name may belong to several groups: AL is short for
// ALBERT, ALAN and ALFRED). All entries are in folded (upper-case ASCII)
// form. The list is deliberately conservative: pairs that are frequently
// different people (JOHN/JOAN, JAN/JANE) are not here.
var nicknameGroups = [][]string{
	{"ABIGAIL", "ABBY", "ABBIE", "GAIL"},
	{"ALAN", "AL"},
	{"ALBERT", "AL", "BERT", "BERTIE"},
	{"ALEXANDER", "ALEX", "AL", "XANDER", "SANDY", "ALEC"},
	{"ALEXANDRA", "ALEX", "ALEXA", "SANDRA", "SANDY", "LEXI"},
	{"ALFRED", "AL", "ALFIE", "FRED"},
	{"ANDREW", "ANDY", "DREW"},
	{"ANTHONY", "TONY"},
	{"BARBARA", "BARB", "BARBIE", "BABS"},
	{"BENJAMIN", "BEN", "BENNY", "BENJI"},
	{"CATHERINE", "CATHY", "CATE", "KATE", "KATIE", "CAT"},
	{"CHARLES", "CHARLIE", "CHUCK", "CHAS", "CHAZ"},
	{"CHRISTINA", "CHRIS", "TINA", "CHRISSY"},
	{"CHRISTINE", "CHRIS", "CHRISSY"},
	{"CHRISTOPHER", "CHRIS", "KIT", "TOPHER"},
	{"DANIEL", "DAN", "DANNY"},
	{"DAVID", "DAVE", "DAVEY"},
	{"DEBORAH", "DEB", "DEBBIE", "DEBRA"},
	{"DONALD", "DON", "DONNIE"},
	{"DOROTHY", "DOT", "DOTTIE", "DOROTHEA"},
	{"EDWARD", "ED", "EDDIE", "TED", "TEDDY", "NED"},
	{"ELIZABETH", "LIZ", "LIZZY", "LIZZIE", "BETH", "BETTY", "BETSY", "ELIZA", "LISA", "LIBBY", "ELLIE"},
	{"EUGENE", "GENE"},
	{"FREDERICK", "FRED", "FREDDIE", "FREDDY", "RICK"},
	{"GERALD", "GERRY", "JERRY"},
	{"GREGORY", "GREG"},
	{"HAROLD", "HAL", "HARRY"},
	{"HENRY", "HANK", "HARRY"},
	{"JACOB", "JAKE"},
	{"JAMES", "JIM", "JIMMY", "JAMIE"},
	{"JEFFREY", "JEFF", "GEOFFREY"},
	{"JENNIFER", "JEN", "JENNY", "JENNI"},
	{"JESSICA", "JESS", "JESSIE"},
	{"JOHN", "JACK", "JOHNNY", "JON"},
	{"JONATHAN", "JON", "JOHNNY", "NATE"},
	{"JOSEPH", "JOE", "JOEY"},
	{"JOSHUA", "JOSH"},
	{"KATHERINE", "KATHY", "KATE", "KATIE", "KAT", "KITTY", "KATHRYN", "KATHARINE"},
	{"KENNETH", "KEN", "KENNY"},
	{"LAWRENCE", "LARRY", "LAURENCE"},
	{"LEONARD", "LEO", "LEN", "LENNY"},
	{"MARGARET", "MAGGIE", "MEG", "PEGGY", "PEG", "MARGE", "MADGE", "GRETA"},
	{"MATTHEW", "MATT", "MATTY"},
	{"MICHAEL", "MIKE", "MIKEY", "MICK", "MICKEY"},
	{"NATHANIEL", "NATHAN", "NATE", "NAT"},
	{"NICHOLAS", "NICK", "NICKY", "NICO"},
	{"PAMELA", "PAM"},
	{"PATRICIA", "PAT", "PATTY", "PATSY", "TRISH", "TRICIA"},
	{"PATRICK", "PAT", "PADDY"},
	{"PETER", "PETE"},
	{"PHILIP", "PHIL", "PHILLIP"},
	{"RAYMOND", "RAY"},
	{"REBECCA", "BECKY", "BECCA"},
	{"RICHARD", "RICK", "RICKY", "DICK", "RICH", "RICHIE"},
	{"ROBERT", "BOB", "BOBBY", "ROB", "ROBBIE", "BERT"},
	{"RONALD", "RON", "RONNIE"},
	{"SAMANTHA", "SAM", "SAMMY"},
	{"SAMUEL", "SAM", "SAMMY"},
	{"SUSAN", "SUE", "SUSIE", "SUZY"},
	{"STEPHEN", "STEVE", "STEVIE", "STEVEN"},
	{"THEODORE", "TED", "TEDDY", "THEO"},
	{"THOMAS", "TOM", "TOMMY"},
	{"TIMOTHY", "TIM", "TIMMY"},
	{"VICTORIA", "VICKY", "VICKI", "TORI"},
	{"WILLIAM", "BILL", "BILLY", "WILL", "WILLIE", "LIAM"},
	{"ZACHARY", "ZACH", "ZACK"},
}

// nicknameIndex maps each name to the indexes of the groups it belongs to.
var nicknameIndex = func() map[string][]int {
	m := make(map[string][]int)
	for i, g := range nicknameGroups {
		for _, n := range g {
			m[n] = append(m[n], i)
		}
	}
	return m
}()

// isNickname reports whether a and b (folded, distinct) are listed as
// forms of the same given name.
func isNickname(a, b string) bool {
	ga, gb := nicknameIndex[a], nicknameIndex[b]
	for _, i := range ga {
		for _, j := range gb {
			if i == j {
				return true
			}
		}
	}
	return false
}
