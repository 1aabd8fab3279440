package fincon

// Category is an account's category: cash, credit, investment or other.
type Category string

// Account categories.
const (
	CategoryCash       Category = "cash"
	CategoryCredit     Category = "credit"
	CategoryInvestment Category = "investment"
	CategoryOther      Category = "other"
)

// Subcategory refines Category.
type Subcategory string

// Account subcategories.
const (
	SubcategoryChecking     Subcategory = "checking"
	SubcategorySavings      Subcategory = "savings"
	SubcategoryMortgage     Subcategory = "mortgage"
	SubcategoryLineOfCredit Subcategory = "line_of_credit"
	SubcategoryCreditCard   Subcategory = "credit_card"
	SubcategoryOther        Subcategory = "other"
)

// Valid reports whether s is one of the subcategories above, other
// included.
func (s Subcategory) Valid() bool {
	return s == SubcategoryOther || s.ValidFilter()
}

// ValidFilter reports whether s is a subcategory Stripe accepts in session
// filters (SessionParams.AccountSubcategories): every subcategory except
// other.
func (s Subcategory) ValidFilter() bool {
	switch s {
	case SubcategoryChecking, SubcategorySavings, SubcategoryMortgage, SubcategoryLineOfCredit, SubcategoryCreditCard:
		return true
	}
	return false
}

// ParseSubcategory returns the Subcategory named s, or an error
// matching ErrUnknownValue for a name Stripe does not define.
func ParseSubcategory(s string) (Subcategory, error) {
	return parseEnum("subcategory", s, Subcategory.Valid)
}

// Valid reports whether c is one of the categories above.
func (c Category) Valid() bool {
	switch c {
	case CategoryCash, CategoryCredit, CategoryInvestment, CategoryOther:
		return true
	}
	return false
}

// ParseCategory returns the Category named s, or an error
// matching ErrUnknownValue.
func ParseCategory(s string) (Category, error) {
	return parseEnum("category", s, Category.Valid)
}

// AccountStatus is active, inactive (the institution no longer gives
// access) or disconnected.
type AccountStatus string

// Account statuses.
const (
	StatusActive       AccountStatus = "active"
	StatusInactive     AccountStatus = "inactive"
	StatusDisconnected AccountStatus = "disconnected"
)

// Valid reports whether s is one of the statuses above.
func (s AccountStatus) Valid() bool {
	switch s {
	case StatusActive, StatusInactive, StatusDisconnected:
		return true
	}
	return false
}

// ParseAccountStatus returns the AccountStatus named s, or an error
// matching ErrUnknownValue.
func ParseAccountStatus(s string) (AccountStatus, error) {
	return parseEnum("account status", s, AccountStatus.Valid)
}

// RefreshStatus is the state of a data refresh. The zero value means the
// feature was never refreshed (Stripe's null).
type RefreshStatus string

// Refresh statuses.
const (
	RefreshNone      RefreshStatus = ""
	RefreshPending   RefreshStatus = "pending"
	RefreshSucceeded RefreshStatus = "succeeded"
	RefreshFailed    RefreshStatus = "failed"
)

// Valid reports whether s is one of the statuses above; RefreshNone (the
// empty string, Stripe's null) is valid.
func (s RefreshStatus) Valid() bool {
	switch s {
	case RefreshNone, RefreshPending, RefreshSucceeded, RefreshFailed:
		return true
	}
	return false
}

// ParseRefreshStatus returns the RefreshStatus named s ("" gives
// RefreshNone), or an error matching ErrUnknownValue.
func ParseRefreshStatus(s string) (RefreshStatus, error) {
	return parseEnum("refresh status", s, RefreshStatus.Valid)
}
