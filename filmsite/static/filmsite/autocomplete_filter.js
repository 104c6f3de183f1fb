'use strict';
// Admin list filters drawn as autocomplete boxes (filmsite/admin_filters.py): choosing an
// object reloads the changelist filtered by it; clearing the box removes the filter.
{
    const $ = django.jQuery;
    $(function() {
        $('select[data-autocomplete-filter]').on('change', function() {
            const params = new URLSearchParams(this.dataset.baseQuery);
            if (this.value) {
                params.set(this.dataset.autocompleteFilter, this.value);
            }
            window.location.search = params.toString();
        });
    });
}
